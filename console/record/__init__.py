"""The journal and its fold: every action an event, the state the fold of the events."""
