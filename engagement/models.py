"""Engagement (routing, owners, tasks, ROI) arrives with its own issue; no models yet."""
