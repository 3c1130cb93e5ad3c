"""Tests of the layout benchmark's document generator (bench/layoutgen)."""
