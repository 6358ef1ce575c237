"""Accuracy measurement: planted-error mutations of consistent reports, recall and false findings."""
