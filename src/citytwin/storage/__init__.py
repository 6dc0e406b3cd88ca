"""Storage adapters: one interface (base.py), backends as siblings chosen by URL scheme."""
