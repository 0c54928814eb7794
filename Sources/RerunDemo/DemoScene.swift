// The built-in synthetic demo scene (filled in by the demo work).
