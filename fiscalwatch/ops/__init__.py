"""For the operator who runs fiscalwatch on a small server: backups, the heartbeat
ping after each cycle, and importing many sources at once."""
