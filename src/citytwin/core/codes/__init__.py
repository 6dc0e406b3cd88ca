"""Identifier and code systems: city code, administrative codes, USCC, resident IDs, BeiDou grid code."""
