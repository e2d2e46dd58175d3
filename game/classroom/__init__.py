"""Classroom mode: several teams, secret orders, a facilitator console and a projector view."""
