"""Organisations, AI systems, assessments and their answers (built in the assessments issue)."""
