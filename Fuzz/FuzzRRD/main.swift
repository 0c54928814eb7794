// Placeholder until the FuzzRRD entry point lands.
