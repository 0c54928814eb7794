// The SDK re-exports the generated archetypes and components, and the shared vocabulary, so
// `import Rerun` is all a user needs.
@_exported import RerunModel
@_exported import RerunTypes
