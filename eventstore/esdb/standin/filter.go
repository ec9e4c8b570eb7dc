package standin

import (
	"regexp"
	"strings"

	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

// filter is a server-side $all filter on event type or stream name, by
// regular expression or by prefixes (the regex wins when both are given,
// as on the real server). A nil filter lets everything through.
type filter struct {
	onStream bool
	regex    *regexp.Regexp
	prefixes []string
	// checkpointEvery is how many considered events pass between
	// Checkpoint messages on a filtered subscription.
	checkpointEvery int
}

func filterOf(o *api.ReadReq_Options) (*filter, error) {
	fo := o.GetFilter()
	if fo == nil {
		return nil, nil
	}
	expr, onStream := fo.GetEventType(), false
	if fo.GetStreamIdentifier() != nil {
		expr, onStream = fo.GetStreamIdentifier(), true
	}
	f := &filter{onStream: onStream, prefixes: expr.GetPrefix(), checkpointEvery: checkpointEvery(fo)}
	if expr.GetRegex() != "" {
		re, err := regexp.Compile(expr.GetRegex())
		if err != nil {
			return nil, badRequest("invalid filter regex")
		}
		f.regex = re
	}
	return f, nil
}

// checkpointEvery follows the server: window size times the multiplier.
func checkpointEvery(fo *api.ReadReq_Options_FilterOptions) int {
	window := int(fo.GetMax())
	if window == 0 {
		window = 32
	}
	return window * max(1, int(fo.GetCheckpointIntervalMultiplier()))
}

func (f *filter) allows(r record) bool {
	if f == nil {
		return true
	}
	subject := r.eventType
	if f.onStream {
		subject = r.stream
	}
	if f.regex != nil {
		return f.regex.MatchString(subject)
	}
	for _, p := range f.prefixes {
		if strings.HasPrefix(subject, p) {
			return true
		}
	}
	return false
}
