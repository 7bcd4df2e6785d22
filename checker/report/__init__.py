"""Turn results and course state into text and JSON. Nothing here prints."""
