"""Spiders. One generic spider, parametrised by a source; CMS knowledge lives in
``crawler.adapters``."""
