"""Spoken announcements: the announcer, and pyttsx3 in a process of its own."""
