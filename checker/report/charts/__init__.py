"""Charts of a kata's training: which to draw, and as terminal blocks, SVG or an image."""
