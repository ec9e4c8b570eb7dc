package audit_test

import (
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// IDs of the fixture.
const (
	contactID = "0190c0de-0000-7000-8000-00000000c001"
	matterID  = "0190c0de-0000-7000-8000-00000000a001"
	taskID    = "0190c0de-0000-7000-8000-00000000d001"
)

// fixture projects six events: a contact registered and archived, a
// matter numbered and opened, a task on the matter, and a second change
// to the contact at the same instant as the task.
func fixture(tr *trail) []eventstore.Decoded {
	md := func(actor string, minutes int, subjects ...string) eventstore.Metadata {
		return eventstore.Metadata{Actor: actor, CorrelationID: "corr-" + actor, OccurredAt: at(minutes), Subjects: subjects}
	}
	events := []eventstore.Decoded{
		tr.event(contact.StreamName(contactID), 0, contact.PersonRegistered{ContactID: contactID}, md("staff-a", 0, contactID)),
		tr.event(matter.NumberingStream(2026), 0, matter.MatterNumberReserved{Year: 2026, Number: "2026-0001", MatterID: matterID}, md("staff-b", 1)),
		tr.event(matter.StreamName(matterID), 0, matter.MatterOpened{MatterID: matterID, MatterSubject: matter.Subject(matterID)}, md("staff-b", 1, matter.Subject(matterID))),
		tr.event(work.TaskStreamName(taskID), 0, work.TaskCreated{TaskID: taskID, Subject: matter.Subject(matterID), MatterID: matterID}, md("staff-a", 2, matter.Subject(matterID))),
		tr.event(contact.StreamName(contactID), 1, contact.ContactArchived{ContactID: contactID}, md("staff-b", 2, contactID)),
		tr.event(contact.StreamName(contactID), 2, contact.ContactReactivated{ContactID: contactID}, md("staff-a", 3, contactID)),
	}
	tr.apply(events...)
	return events
}
