package http

// errorPage is the view of the page shown for an error no form can show.
type errorPage struct {
	Problem problem
}
