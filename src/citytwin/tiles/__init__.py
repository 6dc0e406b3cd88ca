"""3D Tiles of the twin's buildings and the viewer's base layers (boundaries, roads, water, devices)."""
