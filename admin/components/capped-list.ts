// The list page: AdminJS's own (OriginalList), but a total the list handler counted only up to its
// cap (admin/scoped-resource.ts cappedCount answers cap + 1 then) is shown as the lower bound it is,
// "10.000+" / "10,000+", in the header's count where AdminJS would show "10001". The cap travels in
// the list action's `custom.countCap` (admin/resources.ts).
import React from 'react';
import { OriginalList, useTranslation, type ActionProps } from 'adminjs';
import { formatCount, languageFor } from '../../templates/formats.ts';

export default function CappedList(props: ActionProps) {
  const { i18n } = useTranslation();
  const { action, setTag } = props;
  const cap = Number(action.custom?.countCap);
  // AdminJS's list hands setTag its total as text, once per loaded page.
  const tagged = setTag && ((total: React.SetStateAction<string>) => setTag(Number(total) > cap ? `${formatCount(cap, languageFor(i18n.language))}+` : total));
  return React.createElement(OriginalList, { ...props, setTag: tagged });
}
