"""The embedded SQLite backend (the default): WAL, one writer, per-thread readers, R*Tree on locations."""
