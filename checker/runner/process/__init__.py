"""The process layer: starting, watching, limiting and ending worker processes on each platform."""
