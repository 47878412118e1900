//go:build !unix

package photo

import "time"

// processCPU is not measured here; the cpu-ms/op figures read 0.
func processCPU() time.Duration { return 0 }
