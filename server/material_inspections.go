package server

// materialInspectionRoutes are the routes of material follow-up's material inspections, readiness and the five rights (docs/MATERIALS.md).
func (s *Server) materialInspectionRoutes() []route {
	return nil
}
