import { useState } from 'react';
import { ConfidencePanel } from './ConfidencePanel';
import { MilestonesPanel } from './MilestonesPanel';
import { ObjectivesPanel } from './ObjectivesPanel';
import { usePi } from './pi-state';
import { RiskBoard } from './RiskBoard';
import './pi.css';

const SECTIONS = [
  ['objectives', 'Objectives'],
  ['risks', 'Risks'],
  ['milestones', 'Milestones'],
  ['confidence', 'Confidence'],
] as const;
type Section = (typeof SECTIONS)[number][0];

/** The program-planning essentials: team objectives, the ROAM risk board, milestones, confidence. */
export function PiPanel() {
  const [section, setSection] = useState<Section>('objectives');
  const pi = usePi();
  const counts: Record<Section, number> = {
    objectives: pi.objectives.length,
    risks: pi.risks.filter((r) => r.state === 'new').length,
    milestones: pi.milestones.length,
    confidence: 0,
  };
  return (
    <div className="planning-section pi-panel" data-testid="pi-panel">
      <nav className="pi-sections" role="tablist" aria-label="Program planning">
        {SECTIONS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={section === id}
            data-testid={`pi-section-${id}`}
            className={section === id ? 'active' : ''}
            onClick={() => setSection(id)}
          >
            {label}
            {counts[id] > 0 && <span className="pi-count">{counts[id]}</span>}
            {id === 'confidence' && pi.round.state === 'running' && (
              <span className="pill pill-live">vote</span>
            )}
          </button>
        ))}
      </nav>
      {section === 'objectives' && <ObjectivesPanel />}
      {section === 'risks' && <RiskBoard />}
      {section === 'milestones' && <MilestonesPanel />}
      {section === 'confidence' && <ConfidencePanel />}
    </div>
  );
}
