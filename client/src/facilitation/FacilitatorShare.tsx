import { useMemo } from 'react';
import { facilitationApi } from './api';
import { ShareDialog } from './ShareDialog';

/** The facilitator's share dialog (editor and viewer links, copy, rotate). */
export function FacilitatorShare({ boardId, token }: { boardId: string; token: string }) {
  const api = useMemo(() => facilitationApi(boardId, token), [boardId, token]);
  return <ShareDialog api={api} />;
}
