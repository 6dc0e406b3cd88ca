"""Tests of the NGSI-LD adapter."""
