"""Labour inspections: risk-based monthly plans per governorate, visits with a checklist per visit
type, findings captured in the field, and the visit's report the employer answers.

A new app rather than a part of `employment`: an inspection plan reads the wage-protection
results, the violations and the absconding reports of `employment`, the Omanization compliance of
`omanization`, and writes violations through `employment`'s own service. Homed in
`employment`, the risk score would make the lifecycle app read its peers above it; as an app of
its own it sits above everything it reads (.importlinter), except accommodation, which sits
above it and answers `inspections.questions.accommodation_risk`.
"""
