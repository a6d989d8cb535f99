"""The meeting's facts and pure rules: the programme and its calendar, the roster, the clock, the order of precedence."""
