"""The plan: its text, the main-indicator table, the figures in its prose and the indicator metadata."""
