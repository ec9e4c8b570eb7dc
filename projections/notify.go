package projections

import (
	"sync"

	"github.com/klient-crm/klient/eventstore"
)

// notifier is the in-process view of a projector this instance runs: its
// checkpoint as last committed here, and a channel closed at every advance
// so that WaitFor wakes up without polling the database.
type notifier struct {
	mu      sync.Mutex
	leading bool
	pos     eventstore.Position
	changed chan struct{}
}

func newNotifier() *notifier { return &notifier{changed: make(chan struct{})} }

// lead starts trusting the in-process position: this instance now runs the
// projector from pos.
func (n *notifier) lead(pos eventstore.Position) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.leading, n.pos = true, pos
	n.wakeLocked()
}

// follow stops trusting it: another instance may advance the checkpoint.
func (n *notifier) follow() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.leading = false
	n.wakeLocked()
}

func (n *notifier) advance(pos eventstore.Position) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.pos = pos
	n.wakeLocked()
}

// current returns the position, whether it is authoritative, and a channel
// closed at the next change.
func (n *notifier) current() (eventstore.Position, bool, <-chan struct{}) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.pos, n.leading, n.changed
}

func (n *notifier) wakeLocked() {
	close(n.changed)
	n.changed = make(chan struct{})
}
