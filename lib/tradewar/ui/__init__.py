"""Widgets and views: parameter specs to controls, results to pictures and words."""
