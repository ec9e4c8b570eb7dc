package i18n

// specialMessages are the special categories of personal data (art. 9)
// and data on offences (art. 10): a document's marking, its grounds, and
// the refusals of their rules (the dpo.special.* codes).
var specialMessages = map[string]Message{
	"audit.event.special_category_marked":      {SV: "Dokument markerat med känsliga personuppgifter", EN: "Document marked as special categories"},
	"audit.event.processor_agreement_attached": {SV: "Biträdesavtal uppladdat", EN: "Processing agreement uploaded"},
	"audit.action.sensitive_read":              {SV: "markerade känsliga personuppgifter", EN: "marked special categories of data"},

	"special.title":            {SV: "Känsliga personuppgifter", EN: "Special categories of data"},
	"special.lead":             {SV: "Markera vilka känsliga personuppgifter (art. 9) eller uppgifter om lagöverträdelser (art. 10) dokumentet innehåller, och med vilket lagstöd. Ett markerat dokument syns bara för jurister; för andra finns det inte.", EN: "Mark which special categories (art. 9) or data on offences (art. 10) the document holds, and the legal ground. A marked document is seen by lawyers only; to others it does not exist."},
	"special.field.categories": {SV: "Kategorier", EN: "Categories"},
	"special.field.grounds":    {SV: "Lagstöd", EN: "Legal ground"},
	"special.hint":             {SV: "Ta bort alla kategorier för att häva markeringen.", EN: "Clear every category to lift the marking."},
	"special.submit":           {SV: "Spara markeringen", EN: "Save the marking"},
	"special.done":             {SV: "Markeringen är sparad.", EN: "The marking is saved."},
	"special.badge":            {SV: "Känsliga uppgifter", EN: "Special categories"},
	"special.link":             {SV: "Känsliga personuppgifter …", EN: "Special categories …"},
	"special.in_use":           {SV: "Känsliga personuppgifter i bruk (art. 9, 10)", EN: "Special categories in use (art. 9, 10)"},

	"special.category.ethnic_origin": {SV: "Etniskt ursprung", EN: "Racial or ethnic origin"},
	"special.category.political":     {SV: "Politiska åsikter", EN: "Political opinions"},
	"special.category.religious":     {SV: "Religiös eller filosofisk övertygelse", EN: "Religious or philosophical beliefs"},
	"special.category.trade_union":   {SV: "Medlemskap i fackförening", EN: "Trade union membership"},
	"special.category.genetic":       {SV: "Genetiska uppgifter", EN: "Genetic data"},
	"special.category.biometric":     {SV: "Biometriska uppgifter", EN: "Biometric data"},
	"special.category.health":        {SV: "Hälsa", EN: "Health"},
	"special.category.sex_life":      {SV: "Sexualliv eller sexuell läggning", EN: "Sex life or sexual orientation"},
	"special.category.criminal":      {SV: "Lagöverträdelser (art. 10)", EN: "Criminal offences (art. 10)"},

	"special.ground.art9_2_a": {SV: "Art. 9.2 a – uttryckligt samtycke", EN: "Art. 9.2 a – explicit consent"},
	"special.ground.art9_2_b": {SV: "Art. 9.2 b – arbetsrätt och social trygghet", EN: "Art. 9.2 b – employment and social security"},
	"special.ground.art9_2_c": {SV: "Art. 9.2 c – grundläggande intressen", EN: "Art. 9.2 c – vital interests"},
	"special.ground.art9_2_d": {SV: "Art. 9.2 d – ideell organisations medlemmar", EN: "Art. 9.2 d – a not-for-profit body's members"},
	"special.ground.art9_2_e": {SV: "Art. 9.2 e – offentliggjorda av den registrerade", EN: "Art. 9.2 e – made public by the person"},
	"special.ground.art9_2_f": {SV: "Art. 9.2 f – rättsliga anspråk", EN: "Art. 9.2 f – legal claims"},
	"special.ground.art9_2_g": {SV: "Art. 9.2 g – viktigt allmänintresse", EN: "Art. 9.2 g – substantial public interest"},
	"special.ground.art9_2_h": {SV: "Art. 9.2 h – hälso- och sjukvård, social omsorg", EN: "Art. 9.2 h – health or social care"},
	"special.ground.art9_2_i": {SV: "Art. 9.2 i – folkhälsa", EN: "Art. 9.2 i – public health"},
	"special.ground.art9_2_j": {SV: "Art. 9.2 j – arkiv, forskning, statistik", EN: "Art. 9.2 j – archiving, research, statistics"},
	"special.ground.art10":    {SV: "Art. 10 – enligt dataskyddslagen 3 kap. (rättsliga anspråk)", EN: "Art. 10 – under dataskyddslagen ch. 3 (legal claims)"},

	"special.purpose_required":      {SV: "Ange varför du öppnar dokumentet: det innehåller känsliga personuppgifter.", EN: "Say why you open the document: it holds special categories of personal data."},
	"special.purpose.label":         {SV: "Varför du öppnar det", EN: "Why you open it"},
	"special.purpose.submit":        {SV: "Öppna", EN: "Open"},
	"dpo.special.category":          {SV: "Välj bland de känsliga kategorierna.", EN: "Choose among the special categories."},
	"dpo.special.ground":            {SV: "Välj ett lagstöd i art. 9.2 eller art. 10.", EN: "Choose a ground of art. 9.2 or art. 10."},
	"dpo.special.ground_art9":       {SV: "Känsliga personuppgifter kräver ett lagstöd i art. 9.2.", EN: "A special category needs its ground in art. 9.2."},
	"dpo.special.ground_art10":      {SV: "Uppgifter om lagöverträdelser kräver lagstödet i art. 10.", EN: "Data on offences needs the ground of art. 10."},
	"dpo.special.ground_unused":     {SV: "Ett lagstöd utan sin kategori: välj kategorin eller ta bort lagstödet.", EN: "A ground without its category: choose the category or remove the ground."},
	"dpo.special.document":          {SV: "Dokumentet finns inte.", EN: "There is no such document."},
	"dpo.special.changed_meanwhile": {SV: "Någon annan ändrade markeringen under tiden. Läs in sidan igen.", EN: "Someone else changed the marking meanwhile. Reload the page."},
}
