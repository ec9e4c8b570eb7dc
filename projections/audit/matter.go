package audit

import (
	"reflect"
	"strings"
	"sync"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// MatterOf is the matter an event concerns: the matter itself for an event
// of a matter's stream, else the matter its payload names in a MatterID
// field (tasks, deadlines, communications, documents), else "".
func MatterOf(d eventstore.Decoded) string {
	if id, ok := strings.CutPrefix(d.Stream, matter.StreamName("")); ok && !strings.HasPrefix(d.Stream, numberingPrefix) {
		return id
	}
	if d.Event == nil {
		return ""
	}
	v := reflect.ValueOf(d.Event)
	if v.Kind() != reflect.Struct {
		return ""
	}
	if i, ok := matterField(v.Type()); ok {
		return v.Field(i).String()
	}
	return ""
}

// numberingPrefix starts the streams that hand out matter numbers: they
// share the matter streams' prefix but belong to no matter.
var numberingPrefix = strings.TrimSuffix(matter.NumberingStream(0), "0000")

// matterFields caches, per event type, the index of its MatterID string
// field: the reflection is paid once per type, not once per event.
var matterFields sync.Map // reflect.Type → int (-1: none)

func matterField(t reflect.Type) (int, bool) {
	if i, ok := matterFields.Load(t); ok {
		return i.(int), i.(int) >= 0
	}
	i := -1
	if f, ok := t.FieldByName("MatterID"); ok && f.Type.Kind() == reflect.String && len(f.Index) == 1 {
		i = f.Index[0]
	}
	matterFields.Store(t, i)
	return i, i >= 0
}

// filedPrefixes start the streams of records filed under a matter whose
// later events need not name it.
var filedPrefixes = []string{work.TaskStreamName(""), work.DeadlineStreamName(""), communication.StreamName(""),
	communication.DocumentStreamName("")}

// filed reports a stream of a record filed under a matter.
func filed(stream string) bool {
	for _, p := range filedPrefixes {
		if strings.HasPrefix(stream, p) {
			return true
		}
	}
	return false
}
