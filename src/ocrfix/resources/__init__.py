"""Language data shared by passes, loaded lazily once per process (see each module)."""
