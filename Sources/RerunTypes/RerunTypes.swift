// Placeholder: generated archetypes land here.
