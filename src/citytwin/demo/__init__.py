"""The Shenzhen demo city: built from the real data shipped in citytwin/data."""
