"""The bundled demo: simulated government sites, a local mailbox and webhook receiver."""
