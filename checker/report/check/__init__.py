"""What one learner reads after a check: text, live lines, causes, HTML for notebooks, JSON."""
