"""Templates for new maps."""
