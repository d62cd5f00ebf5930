"""Workspaces and workshops (DESIGN §13): who sees which stores, and every turn recorded."""
