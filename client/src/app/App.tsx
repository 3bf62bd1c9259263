import { BoardPage } from './BoardPage';
import { LandingPage } from './LandingPage';
import { parseRoute, useLocationPath } from './route';
import { ErrorScreen } from '../ui/ErrorScreen';

/** Picks the screen from the URL: `/` or `/b/:boardId`. */
export function App() {
  const path = useLocationPath();
  const route = parseRoute(path.split('?')[0]!);
  switch (route.name) {
    case 'landing':
      return <LandingPage />;
    case 'board':
      return <BoardPage key={route.boardId} boardId={route.boardId} />;
    case 'not-found':
      return <ErrorScreen title="Page not found" message="There is nothing at this address." />;
  }
}
