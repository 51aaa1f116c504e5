'use client';

import { useParams } from 'next/navigation';
import { MenusConsole } from '../../../../components/menus/menus-console';

export default function MenusPage() {
  const { brandId } = useParams<{ brandId: string }>();
  return (
    <>
      <h2>Shortcut menus</h2>
      <MenusConsole brandId={brandId} />
    </>
  );
}
