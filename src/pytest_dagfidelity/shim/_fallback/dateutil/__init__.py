"""Stand-in for python-dateutil, for projects without it: only ``relativedelta`` schedules."""
