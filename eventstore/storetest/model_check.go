package storetest

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/anishathalye/porcupine"
	"github.com/google/uuid"
)

// streamModel is the port's promise for one stream, as porcupine checks
// it: the state is the stream's event IDs in order. An append takes effect
// when its expectation holds, is answered with the original result when it
// repeats events already in place (NoStream and Exact; Any only for the
// stream's last events), and is a conflict otherwise; one whose outcome is
// unknown may have taken effect or not. A read returns the state.
// Streams are independent, so histories are checked stream by stream.
var streamModel = (&porcupine.NondeterministicModel{
	Partition: byStream,
	Init:      func() []any { return []any{""} },
	Step:      stepStream,
	Equal:     func(a, b any) bool { return a.(string) == b.(string) },
	DescribeOperation: func(in, out any) string {
		return fmt.Sprintf("%v → %v", in, out)
	},
}).ToModel()

func byStream(ops []porcupine.Operation) [][]porcupine.Operation {
	by := map[string][]porcupine.Operation{}
	var order []string
	for _, op := range ops {
		s := streamOf(op.Input)
		if _, ok := by[s]; !ok {
			order = append(order, s)
		}
		by[s] = append(by[s], op)
	}
	out := make([][]porcupine.Operation, 0, len(order))
	for _, s := range order {
		out = append(out, by[s])
	}
	return out
}

func streamOf(in any) string {
	if a, ok := in.(appendInput); ok {
		return a.stream
	}
	return in.(readInput).stream
}

func stepStream(state, input, output any) []any {
	cur := state.(string)
	switch in := input.(type) {
	case readInput:
		if joinIDs(output.(readOutput).ids) == cur {
			return []any{cur}
		}
		return nil
	case appendInput:
		out := output.(appendOutput)
		ids := splitIDs(cur)
		fresh, idem, version := placeOf(ids, in)
		next := joinIDs(append(ids, in.ids...))
		switch out.status {
		case appended:
			if fresh && out.lastVersion == uint64(len(ids)+len(in.ids)-1) {
				return []any{next}
			}
			if idem && out.lastVersion == version {
				return []any{cur}
			}
		case conflicted:
			if !fresh && !idem {
				return []any{cur}
			}
		case unknown:
			if fresh {
				return []any{cur, next}
			}
			return []any{cur}
		}
	}
	return nil
}

// placeOf says whether in's events would be written after ids (fresh), or
// are there already where in expects them (idem, ending at version).
func placeOf(ids []uuid.UUID, in appendInput) (fresh, idem bool, version uint64) {
	n := len(in.ids)
	at := func(from int) bool { return from >= 0 && len(ids) >= from+n && slices.Equal(ids[from:from+n], in.ids) }
	switch in.expect {
	case 1: // NoStream
		if len(ids) == 0 {
			return true, false, 0
		}
		return false, at(0), uint64(n - 1)
	case 2: // Exact
		v := int(in.version)
		if len(ids) == v+1 {
			return true, false, 0
		}
		return false, at(v + 1), uint64(v + n)
	}
	if at(len(ids) - n) { // Any: the stream's last events
		return false, true, uint64(len(ids) - 1)
	}
	return true, false, 0
}

func joinIDs(ids []uuid.UUID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = id.String()
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) []uuid.UUID {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	ids := make([]uuid.UUID, len(parts))
	for i, p := range parts {
		ids[i] = uuid.MustParse(p)
	}
	return ids
}

func (in appendInput) String() string {
	kind := [...]string{"any", "no stream", fmt.Sprintf("version %d", in.version)}[in.expect]
	return fmt.Sprintf("append %d to %s expecting %s %v", len(in.ids), in.stream, kind, short(in.ids))
}

func (out appendOutput) String() string {
	return [...]string{fmt.Sprintf("appended, last version %d", out.lastVersion), "conflict", "outcome unknown"}[out.status]
}

func (in readInput) String() string   { return "read " + in.stream }
func (out readOutput) String() string { return fmt.Sprint(short(out.ids)) }

func short(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		s := id.String()
		out[i] = s[len(s)-6:]
	}
	return out
}

// describeHistory lists a refused history's operations by call time.
func describeHistory(ops []porcupine.Operation, _ porcupine.LinearizationInfo) string {
	sorted := slices.Clone(ops)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Call < sorted[j].Call })
	var b strings.Builder
	for _, op := range sorted {
		ret := fmt.Sprint(op.Return)
		if op.Return == math.MaxInt64 {
			ret = "∞"
		}
		fmt.Fprintf(&b, "client %d [%d, %s]: %v → %v\n", op.ClientId, op.Call, ret, op.Input, op.Output)
	}
	return b.String()
}
