"""Thin API views: fetch through identification.access, validate, call a service or selector."""
