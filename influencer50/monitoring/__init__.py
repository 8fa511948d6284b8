"""Seeing the installation's health: health endpoints, structured logs and Prometheus metrics."""
