"""Rasa custom actions: thin adapters from the tracker to bot/ and back."""
