package subjectexport

import (
	"context"
	"encoding/hex"
	"maps"
	"slices"

	"github.com/klient-crm/klient/projections/documents"
)

// documents lists the documents of the subject's communications and of the
// matters they are a client in; one filed under another client's matter
// is listed without its name.
func (g *gatherer) documents(ctx context.Context, p *Package) error {
	seen := map[string]bool{}
	add := func(list []documents.Document) {
		for _, d := range list {
			if !seen[d.ID] {
				seen[d.ID] = true
				p.Documents = append(p.Documents, g.document(d))
			}
		}
	}
	for _, id := range g.entries {
		list, err := documents.ForCommunication(ctx, g.db, id)
		if err != nil {
			return err
		}
		add(list)
	}
	for _, matterID := range slices.Sorted(maps.Keys(g.roles)) {
		if !g.clientIn(matterID) {
			continue
		}
		list, err := documents.ForMatter(ctx, g.db, matterID)
		if err != nil {
			return err
		}
		add(list)
	}
	return nil
}

func (g *gatherer) document(d documents.Document) Document {
	out := Document{ID: d.ID, Name: d.Name, ContentType: d.ContentType, Bytes: d.Size, UploadedAt: d.UploadedAt,
		MatterID: d.MatterID, CommunicationID: d.CommunicationID, Erased: d.Erased}
	if len(d.SHA256) > 0 {
		out.SHA256 = hex.EncodeToString(d.SHA256)
	}
	if g.privileged(d.MatterID) {
		out.Name, out.SHA256 = "", ""
		out.Withheld = withheld(GroundPrivilege, "name", "content")
	}
	return out
}
