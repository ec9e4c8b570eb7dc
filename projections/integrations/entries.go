package integrations

import (
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// The kinds of entry. The part before the dot is the area, which decides
// the role a reader needs (Areas).
const (
	KindContactRegistered    = "contact.registered"
	KindContactChanged       = "contact.changed"
	KindContactArchived      = "contact.archived"
	KindContactReactivated   = "contact.reactivated"
	KindContactMerged        = "contact.merged"
	KindContactErased        = "contact.erased"
	KindMatterRegistered     = "matter.registered" // taken in, before its conflict check
	KindMatterOpened         = "matter.opened"     // activated after a cleared check
	KindMatterClosed         = "matter.closed"
	KindMatterReopened       = "matter.reopened"
	KindMatterArchived       = "matter.archived"
	KindPartyAdded           = "party.added"
	KindPartyChanged         = "party.changed"
	KindPartyRemoved         = "party.removed"
	KindDeadlineSet          = "deadline.set"
	KindDeadlineMoved        = "deadline.moved"
	KindDeadlineMet          = "deadline.met"
	KindDeadlineCancelled    = "deadline.cancelled"
	KindTaskCreated          = "task.created"
	KindTaskCompleted        = "task.completed"
	KindTaskCancelled        = "task.cancelled"
	KindTaskReopened         = "task.reopened"
	KindCommunicationLogged  = "communication.logged"
	KindCommunicationChanged = "communication.corrected"
)

// Kinds lists every kind, in the order the webhook form shows them.
var Kinds = []string{KindContactRegistered, KindContactChanged, KindContactArchived, KindContactReactivated,
	KindContactMerged, KindContactErased, KindMatterRegistered, KindMatterOpened, KindMatterClosed,
	KindMatterReopened, KindMatterArchived, KindPartyAdded, KindPartyChanged, KindPartyRemoved,
	KindDeadlineSet, KindDeadlineMoved, KindDeadlineMet, KindDeadlineCancelled, KindTaskCreated,
	KindTaskCompleted, KindTaskCancelled, KindTaskReopened, KindCommunicationLogged, KindCommunicationChanged}

// entry is what one event tells: its kind, what it is filed under and
// its non-personal fields. filed: the event names its matter and contacts
// itself; else they are the stream's. opens: the stream's first event,
// whose later events are not filed (a task's, a deadline's, a log
// entry's), so what it is filed under is kept for them.
type entry struct {
	kind     string
	matter   string
	contacts []string
	data     map[string]any
	filed    bool
	opens    bool
}

// kinds maps each event type the feed tells to its entry. Sealed fields
// (a title, a note, a reason, a person's details) are never read here.
var kinds = map[string]func(eventstore.Decoded) entry{
	contact.TypePersonRegistered: func(d eventstore.Decoded) entry {
		e := d.Event.(contact.PersonRegistered)
		return contactEntry(KindContactRegistered, e.ContactID, map[string]any{"contact_kind": "person"})
	},
	contact.TypeOrganisationRegistered: func(d eventstore.Decoded) entry {
		e := d.Event.(contact.OrganisationRegistered)
		return contactEntry(KindContactRegistered, e.ContactID, map[string]any{"contact_kind": "organisation"})
	},
	contact.TypePersonDetailsChanged: func(d eventstore.Decoded) entry {
		return contactEntry(KindContactChanged, d.Event.(contact.PersonDetailsChanged).ContactID, nil)
	},
	contact.TypeOrganisationDetailsChanged: func(d eventstore.Decoded) entry {
		return contactEntry(KindContactChanged, d.Event.(contact.OrganisationDetailsChanged).ContactID, nil)
	},
	contact.TypeContactArchived: func(d eventstore.Decoded) entry {
		return contactEntry(KindContactArchived, d.Event.(contact.ContactArchived).ContactID, nil)
	},
	contact.TypeContactReactivated: func(d eventstore.Decoded) entry {
		return contactEntry(KindContactReactivated, d.Event.(contact.ContactReactivated).ContactID, nil)
	},
	contact.TypeContactMerged: func(d eventstore.Decoded) entry {
		e := d.Event.(contact.ContactMerged)
		out := contactEntry(KindContactMerged, e.ContactID, map[string]any{"survivor_id": e.SurvivorID})
		out.contacts = append(out.contacts, e.SurvivorID)
		return out
	},
	matter.TypeMatterOpened: func(d eventstore.Decoded) entry {
		e := d.Event.(matter.MatterOpened)
		return entry{kind: KindMatterRegistered, matter: e.MatterID, filed: true, data: map[string]any{
			"number": e.Number, "practice_area": e.PracticeArea, "responsible_lawyer": e.ResponsibleLawyer}}
	},
	matter.TypeMatterActivated: func(d eventstore.Decoded) entry {
		return matterEntry(KindMatterOpened, d.Event.(matter.MatterActivated).MatterID, nil)
	},
	matter.TypeMatterClosed: func(d eventstore.Decoded) entry {
		return matterEntry(KindMatterClosed, d.Event.(matter.MatterClosed).MatterID, nil)
	},
	matter.TypeMatterReopened: func(d eventstore.Decoded) entry {
		e := d.Event.(matter.MatterReopened)
		return matterEntry(KindMatterReopened, e.MatterID, map[string]any{"status": string(e.Status)})
	},
	matter.TypeMatterArchived: func(d eventstore.Decoded) entry {
		return matterEntry(KindMatterArchived, d.Event.(matter.MatterArchived).MatterID, nil)
	},
	matter.TypePartyAdded: func(d eventstore.Decoded) entry {
		e := d.Event.(matter.PartyAdded)
		return partyEntry(KindPartyAdded, e.MatterID, e.PartyID, e.ContactID, string(e.Role))
	},
	matter.TypePartyRoleChanged: func(d eventstore.Decoded) entry {
		e := d.Event.(matter.PartyRoleChanged)
		return partyEntry(KindPartyChanged, e.MatterID, e.PartyID, e.ContactID, string(e.Role))
	},
	matter.TypePartyRemoved: func(d eventstore.Decoded) entry {
		e := d.Event.(matter.PartyRemoved)
		return partyEntry(KindPartyRemoved, e.MatterID, e.PartyID, e.ContactID, "")
	},
	work.TypeDeadlineSet: func(d eventstore.Decoded) entry {
		e := d.Event.(work.DeadlineSet)
		return entry{kind: KindDeadlineSet, matter: e.MatterID, filed: true, opens: true, data: map[string]any{
			"deadline_id": e.DeadlineID, "deadline_kind": string(e.Kind), "date": e.Date.String(),
			"time": string(e.Time), "responsible": e.Responsible}}
	},
	work.TypeDeadlineMoved: func(d eventstore.Decoded) entry {
		e := d.Event.(work.DeadlineMoved)
		return entry{kind: KindDeadlineMoved, data: map[string]any{"deadline_id": e.DeadlineID,
			"date": e.Date.String(), "time": string(e.Time)}}
	},
	work.TypeDeadlineMet: func(d eventstore.Decoded) entry {
		return entry{kind: KindDeadlineMet, data: map[string]any{"deadline_id": d.Event.(work.DeadlineMet).DeadlineID}}
	},
	work.TypeDeadlineCancelled: func(d eventstore.Decoded) entry {
		return entry{kind: KindDeadlineCancelled, data: map[string]any{"deadline_id": d.Event.(work.DeadlineCancelled).DeadlineID}}
	},
	work.TypeTaskCreated: func(d eventstore.Decoded) entry {
		e := d.Event.(work.TaskCreated)
		out := entry{kind: KindTaskCreated, matter: e.MatterID, filed: true, opens: true, data: map[string]any{
			"task_id": e.TaskID, "due": e.Due.String(), "priority": string(e.Priority),
			"assignee_staff": e.Assignee.Staff, "assignee_team": e.Assignee.Team}}
		if e.ContactID != "" {
			out.contacts = []string{e.ContactID}
		}
		return out
	},
	work.TypeTaskCompleted: func(d eventstore.Decoded) entry {
		return entry{kind: KindTaskCompleted, data: map[string]any{"task_id": d.Event.(work.TaskCompleted).TaskID}}
	},
	work.TypeTaskCancelled: func(d eventstore.Decoded) entry {
		return entry{kind: KindTaskCancelled, data: map[string]any{"task_id": d.Event.(work.TaskCancelled).TaskID}}
	},
	work.TypeTaskReopened: func(d eventstore.Decoded) entry {
		return entry{kind: KindTaskReopened, data: map[string]any{"task_id": d.Event.(work.TaskReopened).TaskID}}
	},
	communication.TypeCommunicationLogged: func(d eventstore.Decoded) entry {
		e := d.Event.(communication.CommunicationLogged)
		return entry{kind: KindCommunicationLogged, matter: e.MatterID, filed: true, opens: true,
			contacts: union(append([]string(nil), e.ContactIDs...), participants(e.Participants)),
			data: map[string]any{"communication_id": e.CommunicationID, "communication_kind": string(e.Kind),
				"occurred_at": e.OccurredAt.UTC()}}
	},
	communication.TypeCommunicationCorrected: func(d eventstore.Decoded) entry {
		e := d.Event.(communication.CommunicationCorrected)
		return entry{kind: KindCommunicationChanged, contacts: participants(e.Participants),
			data: map[string]any{"communication_id": e.CommunicationID, "communication_kind": string(e.Kind),
				"occurred_at": e.OccurredAt.UTC()}}
	},
}

// entryOf is the entry of d, when the feed tells of its type.
func entryOf(d eventstore.Decoded) (entry, bool) {
	f, ok := kinds[d.Type]
	if !ok || d.Event == nil {
		return entry{}, false
	}
	e := f(d)
	if e.data == nil {
		e.data = map[string]any{}
	}
	return e, true
}

func contactEntry(kind, id string, data map[string]any) entry {
	if data == nil {
		data = map[string]any{}
	}
	data["contact_id"] = id
	return entry{kind: kind, contacts: []string{id}, data: data, filed: true}
}

func matterEntry(kind, id string, data map[string]any) entry {
	return entry{kind: kind, matter: id, data: data, filed: true}
}

// partyEntry files a party's change under its matter; the stream's row is
// the matter's, which names no contact, so the party's contact is the
// entry's own.
func partyEntry(kind, matterID, partyID, contactID, role string) entry {
	data := map[string]any{"party_id": partyID, "contact_id": contactID}
	if role != "" {
		data["role"] = role
	}
	return entry{kind: kind, matter: matterID, contacts: []string{contactID}, data: data, filed: true}
}

func participants(ps []communication.Participant) []string {
	var out []string
	for _, p := range ps {
		if p.Kind == communication.ParticipantContact {
			out = append(out, p.ID)
		}
	}
	return out
}
