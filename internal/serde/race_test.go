//go:build race

package serde

// raceEnabled reports a -race build, whose instrumentation allocates.
const raceEnabled = true
