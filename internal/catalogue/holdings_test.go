package catalogue

import (
	"strings"
	"testing"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// Every field the codec seals is accounted for by the read models (issue
// 11, item 1): some read model declares the table and columns that keep
// its plaintext, or that no read model keeps it and why. The erasure's
// residue check counts from these declarations, so a personal field added
// to an event without a declaration would be a field nobody checks; this
// test fails first. A declaration naming a field the codec does not seal
// (renamed, or never sealed) fails it too.
func TestEverySealedFieldIsAccountedFor(t *testing.T) {
	t.Parallel()
	codec := eventstore.NewCodec(noKeys{})
	if err := codec.Register(Events()...); err != nil {
		t.Fatal(err)
	}
	sealed := map[string]bool{}
	for _, f := range codec.SealedFields() {
		sealed[f.String()] = true
	}
	declared := map[string][]string{}
	for _, p := range Projectors() {
		h, ok := p.(projections.Holder)
		if !ok {
			continue
		}
		for _, hd := range h.Holdings() {
			where := p.Name() + ": " + hd.Table
			switch {
			case hd.Table == "" && hd.NotKept == "":
				t.Errorf("%s declares %v kept nowhere without saying why", p.Name(), hd.Fields)
			case hd.Table != "" && (hd.Of == "" || !strings.Contains(hd.Of+hd.Held, "$1") || len(hd.Columns) == 0 && hd.Held == ""):
				t.Errorf("%s: %s needs the rows of subject $1 and the columns (or the condition) that hold them", p.Name(), hd.Table)
			case hd.Table == "":
				where = p.Name() + ": not kept"
			}
			for _, f := range hd.Fields {
				declared[f] = append(declared[f], where)
				if !sealed[f] {
					t.Errorf("%s declares %s, which the codec does not seal", where, f)
				}
			}
		}
	}
	for f := range sealed {
		if len(declared[f]) == 0 {
			t.Errorf("%s is sealed, but no read model declares where its plaintext is kept, nor that none keeps it", f)
		}
	}
}
