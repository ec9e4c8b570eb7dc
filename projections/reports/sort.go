package reports

import (
	"cmp"
	"slices"
)

// sortVolumes puts the busiest matter first, then by number, newest first.
func sortVolumes(vs []*MatterVolume) []MatterVolume {
	slices.SortFunc(vs, func(x, y *MatterVolume) int {
		if c := cmp.Compare(y.Total, x.Total); c != 0 {
			return c
		}
		return cmp.Compare(y.Number, x.Number)
	})
	out := make([]MatterVolume, len(vs))
	for i, v := range vs {
		out[i] = *v
	}
	return out
}
