"""Streamlit pages and components for the Live-Commerce Advisor (calls `advisor`, never reverse)."""
