package contacts

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// PrivacyPages are the forms of the "Data protection" panel on a person's
// page. Staff record bases, consents and objections (contact.edit); only
// those who keep the registers (the DPO) restrict and lift. Every route
// names the person and passes the wall check first; ending a basis,
// withdrawing a consent and lifting a restriction ask first (web.Confirm).
func (s *Handlers) PrivacyPages(r chi.Router) {
	edit := func(pattern string, h http.HandlerFunc, mw ...func(http.Handler) http.Handler) {
		s.Route(r, http.MethodPost, pattern, access.ContactEdit, h, append([]func(http.Handler) http.Handler{s.Unwalled}, mw...)...)
	}
	edit("/contacts/{id}/lawful-bases", s.privacyWrite("basis", "basis_recorded", s.recordBasisForm))
	edit("/contacts/{id}/lawful-bases/{basis}/end", s.privacyWrite("end", "basis_ended", s.endBasisForm), s.Confirm(s.askEndBasis))
	edit("/contacts/{id}/consents", s.privacyWrite("consent", "consent_recorded", s.giveConsentForm))
	edit("/contacts/{id}/consents/{consent}/withdraw", s.privacyWrite("withdraw", "consent_withdrawn", s.withdrawConsent),
		s.Confirm(s.askWithdrawConsent))
	edit("/contacts/{id}/consents/{consent}/link", s.createWithdrawalLink)
	edit("/contacts/{id}/objection", s.privacyWrite("objection", "objection_recorded", s.objectForm))
	s.Route(r, http.MethodPost, "/contacts/{id}/restriction", access.GDPRManage,
		s.privacyWrite("restrict", "restricted", s.restrictForm), s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/restriction/lift", access.GDPRManage,
		s.privacyWrite("lift", "lifted", s.liftForm), s.Unwalled, s.Confirm(s.askLiftRestriction))
}

// PrivacyAPI is the JSON API of a person's lawful bases, consents,
// objection and restriction.
func (s *Handlers) PrivacyAPI(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/contacts/{id}/privacy", access.ContactView, s.apiPrivacy, s.Unwalled)
	edit := func(pattern string, status int, run subjectCommand) {
		s.Route(r, http.MethodPost, pattern, access.ContactEdit, s.apiSubjectWrite(status, run), s.Unwalled)
	}
	edit("/api/v1/contacts/{id}/lawful-bases", http.StatusCreated, s.apiRecordBasis)
	edit("/api/v1/contacts/{id}/consents", http.StatusCreated, s.apiGiveConsent)
	edit("/api/v1/contacts/{id}/consents/{consent}/withdraw", http.StatusOK, s.withdrawConsent)
	edit("/api/v1/contacts/{id}/objection", http.StatusOK, s.apiObject)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/restriction", access.GDPRManage,
		s.apiSubjectWrite(http.StatusOK, s.apiRestrict), s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/restriction/lift", access.GDPRManage,
		s.apiSubjectWrite(http.StatusOK, s.apiLift), s.Unwalled)
}

// PublicPages are the pages a data subject reaches without signing in
// (the consent-withdrawal link, a campaign's opt-out link): the token
// alone says which consent or person.
func (s *Handlers) PublicPages(r chi.Router) {
	s.Public(r, http.MethodGet, "/consent/withdraw/{token}", s.consentWithdrawForm)
	s.Public(r, http.MethodPost, "/consent/withdraw/{token}", s.consentWithdraw)
	s.Public(r, http.MethodGet, "/marketing/objection/{token}", s.marketingObjectionForm)
	s.Public(r, http.MethodPost, "/marketing/objection/{token}", s.marketingObjection)
}

// Pages are the server-rendered contact pages. Routes that name a
// contact pass the wall check (unwalled) first.
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/contacts", access.ContactSearch, s.listContacts)
	s.Route(r, http.MethodPost, "/contacts/search", access.ContactSearch, s.searchContacts)
	s.Route(r, http.MethodPost, "/contacts/export", access.ContactExport, s.exportPage)
	s.Route(r, http.MethodGet, "/contacts/new", access.ContactCreate, s.newContact)
	s.Route(r, http.MethodGet, "/contacts/duplicates", access.ContactEdit, s.reviewDuplicates)
	s.Route(r, http.MethodPost, "/contacts", access.ContactCreate, s.createContact)
	s.Route(r, http.MethodGet, "/contacts/{id}", access.ContactView, s.showContact, s.Unwalled)
	s.Route(r, http.MethodGet, "/contacts/{id}/edit", access.ContactEdit, s.editContact, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}", access.ContactEdit, s.updateContact, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/archive", access.ContactArchive, s.archiveContact, s.Unwalled, s.Confirm(s.askArchive))
	s.Route(r, http.MethodPost, "/contacts/{id}/reactivate", access.ContactArchive, s.reactivateContact, s.Unwalled)
	// The merge and the relations (pages_merge.go, pages_links.go).
	s.Route(r, http.MethodGet, "/contacts/{id}/merge", access.ContactEdit, s.showMerge, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/merge/find", access.ContactEdit, s.findMerge, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/merge", access.ContactEdit, s.mergeContacts, s.Unwalled, s.Confirm(s.askMerge))
	s.Route(r, http.MethodPost, "/contacts/{id}/relationships", access.ContactEdit, s.addRelationshipForm, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/relationships/end", access.ContactEdit, s.endRelationshipForm, s.Unwalled)
	// Special categories (special.go): sensitive.read (lawyers, the DPO);
	// a lawyer also needs to know (a matter the contact is a party to).
	s.Route(r, http.MethodPost, "/contacts/{id}/sensitive", access.SensitiveRead, s.showSensitive, s.Unwalled)
	s.Route(r, http.MethodGet, "/contacts/{id}/special-category", access.SensitiveRead, s.specialForm, s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/special-category", access.SensitiveRead, s.saveSpecial, s.Unwalled,
		s.Confirm(s.askLiftSpecial))
}

// Uploads are the routes that take a file, under the upload limit: an
// import's upload, as a page and in the API, and the import's other
// steps (whose forms are small, but belong with it).
func (s *Handlers) Uploads(r chi.Router) {
	s.Route(r, http.MethodGet, "/contacts/import", access.ContactCreate, s.importForm)
	s.Route(r, http.MethodPost, "/contacts/import", access.ContactCreate, s.uploadImport)
	s.Route(r, http.MethodGet, "/contacts/import/{id}", access.ContactCreate, s.showImport)
	s.Route(r, http.MethodPost, "/contacts/import/{id}/mapping", access.ContactCreate, s.remapImport)
	s.Route(r, http.MethodPost, "/contacts/import/{id}/run", access.ContactCreate, s.runImport)
	s.Route(r, http.MethodPost, "/api/v1/contacts/imports/dry-run", access.ContactCreate, s.apiImportDryRun)
	s.Route(r, http.MethodPost, "/api/v1/contacts/imports", access.ContactCreate, s.apiImport)
	s.Route(r, http.MethodGet, "/api/v1/contacts/imports/{id}", access.ContactCreate, s.apiImportStatus)
}

// API is the contacts' JSON API.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodPost, "/api/v1/contacts", access.ContactCreate, s.apiCreateContact)
	s.Route(r, http.MethodGet, "/api/v1/contacts", access.ContactSearch, s.apiListContacts)
	s.Route(r, http.MethodPost, "/api/v1/contacts/search", access.ContactSearch, s.apiSearchContacts)
	s.Route(r, http.MethodPost, "/api/v1/contacts/export", access.ContactExport, s.apiExport)
	s.Route(r, http.MethodGet, "/api/v1/contacts/{id}", access.ContactView, s.apiGetContact, s.Unwalled)
	s.Route(r, http.MethodPatch, "/api/v1/contacts/{id}", access.ContactEdit, s.apiPatchContact, s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/affiliations", access.ContactEdit,
		s.linkWrite(http.StatusCreated, s.apiAddAffiliation), s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/affiliations/end", access.ContactEdit,
		s.linkWrite(http.StatusOK, s.apiEndAffiliation), s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/relationships", access.ContactEdit,
		s.linkWrite(http.StatusCreated, s.apiAddRelationship), s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/relationships/end", access.ContactEdit,
		s.linkWrite(http.StatusOK, s.apiEndRelationship), s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/merge", access.ContactEdit, s.apiMergeContact, s.Unwalled)
	s.Route(r, http.MethodGet, "/api/v1/contacts/{id}/special-category", access.SensitiveRead, s.apiSpecial, s.Unwalled)
	s.Route(r, http.MethodPut, "/api/v1/contacts/{id}/special-category", access.SensitiveRead, s.apiSpecial, s.Unwalled)
}
